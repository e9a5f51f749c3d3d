# One image per service, built from this repository:
#   docker build --build-arg MODULE=command-side -t axon-commerce/command-side .
# MODULE is one of: command-side, query-side, payment-adapter, saga, kafka-bridge, notification-projector, gateway.
# (The embedded axonserver module is not used in production: docker-compose runs the real axoniq/axonserver.)

FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN test -n "$MODULE" || (echo "--build-arg MODULE=<module> is required" >&2; exit 1) \
 && ./mvnw -B -q -pl "$MODULE" -am package -DskipTests \
 && cp "$MODULE"/target/"$MODULE"-*-exec.jar /app.jar

FROM eclipse-temurin:21-jre
# curl for the compose health checks
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 app
COPY --from=build /app.jar /app/app.jar
USER app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

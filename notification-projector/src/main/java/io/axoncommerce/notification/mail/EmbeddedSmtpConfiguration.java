package io.axoncommerce.notification.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.axoncommerce.embedded.support.ConditionalOnPropertyAbsent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Without {@code spring.mail.host} (local runs, tests) e-mail goes to an embedded GreenMail SMTP server on
 * 127.0.0.1, which keeps what it received in memory; with it, Boot's mail auto-configuration talks to that server
 * and none of this starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnPropertyAbsent("spring.mail.host")
public class EmbeddedSmtpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtpConfiguration.class);

    @Bean(destroyMethod = "stop")
    GreenMail embeddedSmtpServer(@Value("${notification-projector.embedded-smtp.port:0}") int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        log.info("Embedded SMTP server (GreenMail) listening on 127.0.0.1:{}", greenMail.getSmtp().getPort());
        return greenMail;
    }

    @Bean
    JavaMailSenderImpl mailSender(GreenMail embeddedSmtpServer) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(embeddedSmtpServer.getSmtp().getPort());
        return sender;
    }
}

package io.axoncommerce.notification.channel;

import io.axoncommerce.notification.NotificationProjectorProperties;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** E-mail over SMTP: the production server from {@code spring.mail.*}, or the embedded GreenMail when none is set. */
@Component
class SmtpEmailChannel implements EmailChannel {

    private final JavaMailSender mailSender;
    private final String from;

    SmtpEmailChannel(JavaMailSender mailSender, NotificationProjectorProperties properties) {
        this.mailSender = mailSender;
        this.from = properties.mail().from();
    }

    @Override
    public Delivery send(String to, String subject, String body) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(body);
        mailSender.send(message);
        return Delivery.SENT;
    }
}

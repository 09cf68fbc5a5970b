package de.ozgregistry.notification;

import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a message as a German plain-text e-mail through the configured SMTP server ({@code spring.mail.*}), with
 * the unsubscribe link in the text and as {@code List-Unsubscribe} (one click, RFC 8058). JavaMail blocks: it runs on
 * the bounded elastic scheduler, never on the event loop.
 */
@Component
class MailChannel {

	private final ObjectProvider<JavaMailSender> sender;

	private final NotificationProperties properties;

	private final PublicUrl publicUrl;

	MailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties, PublicUrl publicUrl) {
		this.sender = sender;
		this.properties = properties;
		this.publicUrl = publicUrl;
	}

	Mono<Void> send(Dispatcher.Due due) {
		return Mono.fromRunnable(() -> {
			JavaMailSender mail = sender.getIfAvailable();
			if (mail == null) {
				throw new IllegalStateException("no SMTP server is configured (OZG_SMTP_HOST)");
			}
			try {
				MimeMessage message = mail.createMimeMessage();
				MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
				helper.setFrom(new InternetAddress(properties.mailFrom(), "OZG-Registry", "UTF-8"));
				helper.setTo(due.email());
				helper.setSubject(due.message().subject());
				String unsubscribe = publicUrl.unsubscribe(due.unsubscribeToken());
				helper.setText(due.message().mailText(publicUrl.get(), unsubscribe));
				message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
				message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
				message.setHeader("Auto-Submitted", "auto-generated");
				mail.send(message);
			}
			catch (jakarta.mail.MessagingException | java.io.UnsupportedEncodingException ex) {
				throw new IllegalStateException("the e-mail could not be built: " + ex.getMessage(), ex);
			}
		}).subscribeOn(Schedulers.boundedElastic()).timeout(properties.timeout().multipliedBy(3)).then();
	}

}

package de.ozgregistry.graphql;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The schema's {@code DateTime} (ISO-8601 instant with offset, always UTC on output) and {@code Date} scalars. */
@Configuration(proxyBeanMethods = false)
public class Scalars {

	/** A {@code DateTime} as the API writes it: ISO-8601 in UTC (here and on the compiled read path). */
	public static String formatDateTime(OffsetDateTime time) {
		return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
	}

	@Bean
	RuntimeWiringConfigurer scalarWiring() {
		return wiring -> wiring.scalar(dateTime()).scalar(date());
	}

	static GraphQLScalarType dateTime() {
		return GraphQLScalarType.newScalar()
			.name("DateTime")
			.description("An instant in time, ISO-8601 with offset.")
			.coercing(new IsoCoercing<OffsetDateTime>("DateTime", "2024-03-01T10:15:30Z") {
				@Override
				OffsetDateTime parse(String text) {
					return OffsetDateTime.parse(text);
				}

				@Override
				String format(Object value) {
					if (value instanceof OffsetDateTime time) {
						return formatDateTime(time);
					}
					if (value instanceof java.time.Instant instant) {
						return DateTimeFormatter.ISO_INSTANT.format(instant);
					}
					return null;
				}
			})
			.build();
	}

	static GraphQLScalarType date() {
		return GraphQLScalarType.newScalar()
			.name("Date")
			.description("A calendar date, ISO-8601.")
			.coercing(new IsoCoercing<LocalDate>("Date", "2024-03-01") {
				@Override
				LocalDate parse(String text) {
					return LocalDate.parse(text);
				}

				@Override
				String format(Object value) {
					return (value instanceof LocalDate date) ? date.toString() : null;
				}
			})
			.build();
	}

	/** Coercing between ISO-8601 strings and java.time values, with errors that show the expected form. */
	private abstract static class IsoCoercing<T> implements Coercing<T, String> {

		private final String name;

		private final String example;

		IsoCoercing(String name, String example) {
			this.name = name;
			this.example = example;
		}

		abstract T parse(String text);

		abstract String format(Object value);

		@Override
		public String serialize(Object value, GraphQLContext context, java.util.Locale locale) {
			String text = format(value);
			if (text == null) {
				throw new CoercingSerializeException("Not a " + name);
			}
			return text;
		}

		@Override
		public T parseValue(Object input, GraphQLContext context, java.util.Locale locale) {
			if (input instanceof String text) {
				try {
					return parse(text);
				}
				catch (DateTimeParseException ex) {
					// fall through to the error below
				}
			}
			throw new CoercingParseValueException("Expected a " + name + " such as " + example);
		}

		@Override
		public T parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
				java.util.Locale locale) {
			if (input instanceof StringValue string) {
				try {
					return parse(string.getValue());
				}
				catch (DateTimeParseException ex) {
					// fall through to the error below
				}
			}
			throw new CoercingParseLiteralException("Expected a " + name + " such as " + example);
		}

	}

}

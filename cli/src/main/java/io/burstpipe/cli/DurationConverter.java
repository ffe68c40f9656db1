package io.burstpipe.cli;

import io.burstpipe.profile.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A flag's duration, as {@link Durations} reads it: {@code 250ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** @throws TypeConversionException saying what the form is */
    public static Duration parse(String text) {
        return new DurationConverter().convert(text);
    }
}

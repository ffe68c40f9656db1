package io.burstpipe.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a user copies from README.md: every line of a {@code bash} code block that runs {@code ./burstpipe}
 * or a {@code scripts/} script (its trailing comment and {@code &} taken off), and every {@code ./burstpipe} command
 * in a table cell; and the text of the {@code yaml} block (the example profile file).
 */
final class ReadmeFile {

    private static final Pattern TABLE_COMMAND = Pattern.compile("`(\\./burstpipe [^`]+)`");

    private final List<String> lines;

    private ReadmeFile(List<String> lines) {
        this.lines = lines;
    }

    static ReadmeFile read(Path file) throws IOException {
        return new ReadmeFile(Files.readAllLines(file));
    }

    /** The commands, normalised (single spaces), in README order, each once. */
    Set<String> commands() {
        Set<String> commands = new LinkedHashSet<>();
        String block = null;
        for (String line : lines) {
            if (line.startsWith("```")) {
                block = block == null ? line.substring(3).trim() : null;
                continue;
            }
            if ("bash".equals(block)) {
                String command = normalise(withoutComment(line));
                if (command.startsWith("./burstpipe") || command.startsWith("scripts/")) {
                    commands.add(command);
                }
            } else if (block == null && line.startsWith("|")) {
                Matcher m = TABLE_COMMAND.matcher(line);
                while (m.find()) {
                    commands.add(normalise(m.group(1)));
                }
            }
        }
        return commands;
    }

    /** The lines of the first code block of the given language. */
    String block(String language) {
        return block(language, 0);
    }

    /** The lines of the code block of the given language that comes {@code index} (from 0) such blocks in. */
    String block(String language, int index) {
        List<String> body = new ArrayList<>();
        boolean inside = false;
        int seen = 0;
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (inside && seen++ == index) {
                    return String.join("\n", body) + "\n";
                }
                body.clear();
                inside = !inside && line.substring(3).trim().equals(language);
                continue;
            }
            if (inside) {
                body.add(line);
            }
        }
        throw new IllegalStateException("README.md has no " + language + " code block number " + (index + 1));
    }

    /** The line up to a {@code #} that starts a comment (outside quotes). */
    static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Single spaces, no trailing {@code &} (the harness runs such a command in the background itself). */
    static String normalise(String command) {
        String c = command.trim().replaceAll("\\s+", " ");
        return c.endsWith("&") && !c.endsWith("&&") ? c.substring(0, c.length() - 1).trim() : c;
    }
}

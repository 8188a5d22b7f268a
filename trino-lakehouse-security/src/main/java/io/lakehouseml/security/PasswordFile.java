/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.lakehouseml.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.google.common.collect.ImmutableList;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2Y;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * Adds, changes and removes users of a password file ({@link PasswordFileFormat}), with no server:
 * <pre>
 * java -cp 'plugin/lakehouse-security/*' io.lakehouseml.security.PasswordFile add FILE USER
 * java -cp 'plugin/lakehouse-security/*' io.lakehouseml.security.PasswordFile remove FILE USER
 * </pre>
 * {@code add} reads the password, one line, from standard input (without echo on a terminal), hashes
 * it with bcrypt {@code $2y$} at cost {@value #BCRYPT_COST}, and replaces the user's line, or appends
 * one. Every other line, comments included, stays as it was. The file is written whole to a temporary
 * file beside it, which then replaces it in one rename, so a server reading it sees the old file or
 * the new one. A new file is readable by its owner only; a changed file keeps its owner, group and
 * permissions. Exit status 0 on success, 1 on an error, 2 on bad usage. Uses no class of the SPI,
 * which is not on the class path of the command.
 */
public final class PasswordFile
{
    static final int BCRYPT_COST = 10;
    // bcrypt reads the first 72 bytes of a password
    static final int MAX_PASSWORD_BYTES = 72;

    static final int SUCCESS = 0;
    static final int ERROR = 1;
    static final int USAGE_ERROR = 2;

    private static final String USAGE =
            """
            Usage: PasswordFile add <password-file> <user>
                   PasswordFile remove <password-file> <user>

            add     reads the password of <user> from standard input, one line, and adds the user to
                    <password-file> or changes its password; creates the file if it does not exist
            remove  removes <user> from <password-file>

            A user name is not empty and has no colon or whitespace.""";

    private PasswordFile() {}

    public static void main(String[] args)
    {
        Console console = System.console();
        PasswordInput input = (console != null && console.isTerminal()) ? terminalInput(console) : PasswordFile::readStandardInput;
        System.exit(run(ImmutableList.copyOf(args), input, System.out, System.err));
    }

    private static PasswordInput terminalInput(Console console)
    {
        return user -> {
            char[] password = console.readPassword("Password for %s: ", user);
            return password == null ? null : new String(password);
        };
    }

    private static String readStandardInput(String user)
            throws IOException
    {
        return new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
    }

    /**
     * Runs one command; returns the exit status.
     */
    static int run(List<String> arguments, PasswordInput input, PrintStream out, PrintStream err)
    {
        requireNonNull(arguments, "arguments is null");
        requireNonNull(input, "input is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");

        if (arguments.size() != 3 || !(arguments.get(0).equals("add") || arguments.get(0).equals("remove"))) {
            err.println(USAGE);
            return USAGE_ERROR;
        }
        Path file = Path.of(arguments.get(1));
        String user = arguments.get(2);
        try {
            PasswordFileFormat.checkUserName(user);
        }
        catch (IllegalArgumentException e) {
            err.println("Invalid user name: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }

        try {
            if (arguments.get(0).equals("add")) {
                add(file, user, input, out);
            }
            else {
                remove(file, user, out);
            }
            return SUCCESS;
        }
        catch (CommandException e) {
            err.println(e.getMessage());
            return ERROR;
        }
        catch (IOException e) {
            err.println(format("Cannot update password file %s: %s", file, describe(e)));
            return ERROR;
        }
    }

    private static void add(Path file, String user, PasswordInput input, PrintStream out)
            throws IOException
    {
        String password = input.readPassword(user);
        if (password == null) {
            throw new CommandException("No password: standard input is empty");
        }
        if (password.isEmpty()) {
            throw new CommandException("The password is empty");
        }
        if (password.getBytes(UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new CommandException(format("The password is longer than %s bytes, the most bcrypt uses", MAX_PASSWORD_BYTES));
        }
        String hash = BCrypt.with(VERSION_2Y, new SecureRandom(), LongPasswordStrategies.strict(VERSION_2Y))
                .hashToString(BCRYPT_COST, password.toCharArray());
        String userLine = PasswordFileFormat.userLine(user, hash);

        List<String> lines = Files.exists(file) ? Files.readAllLines(file, UTF_8) : ImmutableList.of();
        ImmutableList.Builder<String> updated = ImmutableList.builder();
        boolean replaced = false;
        for (String line : lines) {
            if (!isLineOf(line, user)) {
                updated.add(line);
            }
            else if (!replaced) {
                // the first line of the user takes its place; any further one goes
                updated.add(userLine);
                replaced = true;
            }
        }
        if (!replaced) {
            updated.add(userLine);
        }
        write(file, updated.build());
        out.println(replaced
                ? format("Changed the password of user %s in %s", user, file)
                : format("Added user %s to %s", user, file));
    }

    private static void remove(Path file, String user, PrintStream out)
            throws IOException
    {
        if (!Files.exists(file)) {
            throw new CommandException(format("Password file %s does not exist", file));
        }
        List<String> lines = Files.readAllLines(file, UTF_8);
        List<String> kept = lines.stream()
                .filter(line -> !isLineOf(line, user))
                .collect(toImmutableList());
        if (kept.size() == lines.size()) {
            throw new CommandException(format("User %s is not in %s", user, file));
        }
        write(file, kept);
        out.println(format("Removed user %s from %s", user, file));
    }

    private static boolean isLineOf(String line, String user)
    {
        return PasswordFileFormat.userOf(line).filter(user::equals).isPresent();
    }

    /**
     * Replaces the file, or creates it, in one rename of a file written and synced beside it.
     */
    private static void write(Path file, List<String> lines)
            throws IOException
    {
        // a link stays a link: its target is replaced
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Optional<PosixFileAttributes> existing = Files.exists(target)
                ? Optional.of(Files.readAttributes(target, PosixFileAttributes.class))
                : Optional.empty();

        // made readable and writable by the owner only
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            StringBuilder content = new StringBuilder();
            for (String line : lines) {
                content.append(line).append('\n');
            }
            Files.writeString(temporary, content, UTF_8);
            try (FileChannel channel = FileChannel.open(temporary, WRITE)) {
                channel.force(true);
            }
            if (existing.isPresent()) {
                PosixFileAttributes attributes = existing.get();
                PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
                PosixFileAttributes created = view.readAttributes();
                if (!created.owner().equals(attributes.owner())) {
                    view.setOwner(attributes.owner());
                }
                if (!created.group().equals(attributes.group())) {
                    view.setGroup(attributes.group());
                }
                view.setPermissions(attributes.permissions());
            }
            Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING);
        }
        catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static String describe(IOException e)
    {
        return switch (e) {
            case NoSuchFileException missing -> "no such file or directory: " + missing.getFile();
            case AccessDeniedException denied -> "permission denied: " + denied.getFile();
            case CharacterCodingException _ -> "the file is not UTF-8 text";
            default -> e.getMessage();
        };
    }

    @FunctionalInterface
    interface PasswordInput
    {
        /**
         * The password for the user, or null at the end of the input.
         */
        String readPassword(String user)
                throws IOException;
    }

    private static final class CommandException
            extends RuntimeException
    {
        CommandException(String message)
        {
            super(message);
        }
    }
}

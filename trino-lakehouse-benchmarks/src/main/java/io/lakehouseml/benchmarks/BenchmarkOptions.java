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
package io.lakehouseml.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static java.lang.String.format;

/**
 * {@code --name value} options with defaults; an unknown option or a malformed number is an error
 * that names it.
 */
public final class BenchmarkOptions
{
    private final Map<String, String> values = new HashMap<>();

    /**
     * Runs a benchmark program: a bad option ends it with one line on standard error and exit code 2.
     */
    public static void run(String command, String[] arguments, Map<String, String> defaults, Program program)
            throws Exception
    {
        try {
            program.run(new BenchmarkOptions(arguments, defaults));
        }
        catch (InvalidOptionException e) {
            System.err.println(command + ": " + e.getMessage());
            System.exit(2);
        }
    }

    public BenchmarkOptions(String[] arguments, Map<String, String> defaults)
    {
        values.putAll(defaults);
        Set<String> known = defaults.keySet();
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (!argument.startsWith("--")) {
                throw new InvalidOptionException(format("unexpected argument '%s'", argument));
            }
            String name = argument.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            else {
                if (i + 1 >= arguments.length) {
                    throw new InvalidOptionException(format("option --%s needs a value", name));
                }
                value = arguments[++i];
            }
            if (!known.contains(name)) {
                throw new InvalidOptionException(format("unknown option --%s; the options are %s", name, known.stream().sorted().map(option -> "--" + option).toList()));
            }
            values.put(name, value);
        }
    }

    public String string(String name)
    {
        return values.get(name);
    }

    public int integer(String name)
    {
        return integer(name, 1);
    }

    public int integer(String name, int minimum)
    {
        String value = values.get(name);
        try {
            int parsed = Integer.parseInt(value.replace("_", ""));
            if (parsed < minimum) {
                throw new InvalidOptionException(minimum == 1 ? format("option --%s must be positive, not %s", name, value) : format("option --%s must be at least %d, not %s", name, minimum, value));
            }
            return parsed;
        }
        catch (NumberFormatException e) {
            throw new InvalidOptionException(format("option --%s needs a whole number, not '%s'", name, value));
        }
    }

    public boolean yesOrNo(String name)
    {
        String value = values.get(name);
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new InvalidOptionException(format("option --%s must be yes or no, not '%s'", name, value));
        };
    }

    public interface Program
    {
        void run(BenchmarkOptions options)
                throws Exception;
    }

    public static class InvalidOptionException
            extends IllegalArgumentException
    {
        public InvalidOptionException(String message)
        {
            super(message);
        }
    }
}

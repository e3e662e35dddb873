package dev.syncbench.simulations.load;

/** Reads the {@code -D} parameters of a run; a bad value is a {@link BadInputException} naming its range. */
public final class SystemProperties {
    private SystemProperties() {
    }

    /** {@code -Dname} as a whole number in {@code min..max}, or {@code defaultValue} when unset or blank. */
    public static int intProperty(String name, int defaultValue, int min, int max) {
        String text = System.getProperty(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("-D" + name + "=" + text + " is not a whole number (expected "
                    + min + ".." + max + ", default " + defaultValue + ")");
        }
        if (value < min || value > max) {
            throw new BadInputException("-D" + name + "=" + text + " is out of range (expected "
                    + min + ".." + max + ", default " + defaultValue + ")");
        }
        return value;
    }
}

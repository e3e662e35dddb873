package dev.syncbench.store;

/** Which state of a name a stored entry holds; the code is its tag in every backend's key. */
public enum StoreKind {
    LWW((byte) 'L'),
    OR((byte) 'O'),
    COUNTER((byte) 'C'),
    /** A journal entry, keyed by its sequence in decimal. */
    JOURNAL((byte) 'J');

    private final byte code;

    StoreKind(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    /** The kind with this code, or null for a code no kind has. */
    public static StoreKind ofCode(int code) {
        for (StoreKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}

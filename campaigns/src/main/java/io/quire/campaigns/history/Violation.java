package io.quire.campaigns.history;

/** One way the end state disagrees with the history. */
public record Violation(Type type, String topic, String detail) {

    public enum Type {
        /** An acknowledged create whose topic is missing. */
        LOST_CREATE(true),
        /** An acknowledged delete whose topic is still there. */
        LOST_DELETE(true),
        /** Fewer partitions than an acknowledged increase asked for. */
        LOST_PARTITIONS(true),
        /** A config value other than the last acknowledged one (or one sent after it with no answer). */
        LOST_CONFIG(true),
        /** A topic no client asked for, or whose create was refused. */
        PHANTOM_TOPIC(false),
        /** A partition count or config value no client asked for. */
        UNREQUESTED_VALUE(false);

        private final boolean loss;

        Type(boolean loss) {
            this.loss = loss;
        }

        /** Whether this is an acknowledged change lost, which leader acks may allow; the others never are. */
        public boolean isLoss() {
            return loss;
        }
    }

    @Override
    public String toString() {
        return type + " " + topic + ": " + detail;
    }
}

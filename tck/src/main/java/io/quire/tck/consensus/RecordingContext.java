package io.quire.tck.consensus;

import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The kit's engine side of one member, across its restarts (a node keeps its engine's history when
 * its process restarts over the same data directory): it records every callback the plugin makes,
 * for the rules to check. It is an engine with a metadata WAL ({@link #isMetadataLog()} is false),
 * whose proposals go to the leader's {@link #executeOnLeader}; the calls reserved for a consensus
 * log that is the metadata log are recorded as misplaced and fail. Thread-safe.
 */
final class RecordingContext implements ConsensusContext {

    /**
     * One {@code leadershipChanged} call: its place in the order of every call the kit saw (all
     * members), the member's incarnation (0 for the first start), the calling thread, and whether
     * another call on this member was still running when it began.
     */
    record Event(long seq, int incarnation, Leadership leadership, String thread, boolean overlapped) {

        @Override
        public String toString() {
            return "#" + seq + " " + leadership + " (incarnation " + incarnation + ", thread " + thread
                    + (overlapped ? ", while another call was running" : "") + ")";
        }
    }

    /** One {@code executeOnLeader} call: the command, and whether this member had last been told it leads. */
    record Execution(String command, boolean toldItLeads, Leadership lastTold) {}

    /** How long each leadershipChanged call lasts at least, so that overlapping calls are seen to overlap. */
    private static final long EVENT_NANOS = 2_000_000;

    private final int nodeId;
    private final AtomicLong order;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Execution> executions = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> executionsByCommand = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final List<String> callbacksAfterClose = new CopyOnWriteArrayList<>();
    private final List<String> misplacedCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private volatile int incarnation;
    private volatile boolean closed;

    /** @param order the counter shared by every member of a group, which orders their events */
    RecordingContext(int nodeId, AtomicLong order) {
        this.nodeId = nodeId;
        this.order = order;
    }

    /** What the member's engine returns for {@code command}: checkable by whoever proposed it. */
    static byte[] resultOf(int nodeId, String command) {
        return ("node " + nodeId + " executed " + command).getBytes(StandardCharsets.UTF_8);
    }

    /** What the member's engine answers to {@code question}. */
    static byte[] answerOf(int nodeId, String question) {
        return ("node " + nodeId + " answers " + question).getBytes(StandardCharsets.UTF_8);
    }

    // ---- the kit's side

    /** A new incarnation of the member starts: callbacks are expected again. */
    void started() {
        closed = false;
    }

    /** The member's close() returned: any callback from now on is one too many. */
    void closed() {
        closed = true;
        incarnation++;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** The events since the member last started. */
    List<Event> currentEvents() {
        int current = incarnation;
        return events.stream().filter(event -> event.incarnation() == current).toList();
    }

    /** The newest event in the order of delivery; null before the first. */
    Event lastEvent() {
        List<Event> all = events();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    List<Execution> executions() {
        return List.copyOf(executions);
    }

    int executionsOf(String command) {
        AtomicInteger count = executionsByCommand.get(command);
        return count == null ? 0 : count.get();
    }

    List<String> questions() {
        return List.copyOf(questions);
    }

    List<String> callbacksAfterClose() {
        return List.copyOf(callbacksAfterClose);
    }

    /** Calls of the metadata-log methods, which a plugin must not make while {@link #isMetadataLog()} is false. */
    List<String> misplacedCalls() {
        return List.copyOf(misplacedCalls);
    }

    // ---- ConsensusContext

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public void leadershipChanged(Leadership leadership) {
        boolean overlapped = running.incrementAndGet() > 1;
        try {
            if (closed) {
                callbacksAfterClose.add("leadershipChanged(" + leadership + ")");
            }
            events.add(new Event(order.incrementAndGet(), incarnation, leadership, Thread.currentThread().getName(),
                    overlapped));
            // Lasting a little makes an overlapping call visible: it starts while this one still runs.
            LockSupport.parkNanos(EVENT_NANOS);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public CompletableFuture<byte[]> executeOnLeader(byte[] command) {
        String text = new String(command, StandardCharsets.UTF_8);
        if (closed) {
            callbacksAfterClose.add("executeOnLeader(" + text + ")");
        }
        Event last = lastEvent();
        Leadership told = last == null ? null : last.leadership();
        executions.add(new Execution(text, told != null && told.isLocalLeader(), told));
        executionsByCommand.computeIfAbsent(text, c -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.completedFuture(resultOf(nodeId, text));
    }

    @Override
    public byte[] answer(byte[] question) {
        String text = new String(question, StandardCharsets.UTF_8);
        if (closed) {
            callbacksAfterClose.add("answer(" + text + ")");
        }
        questions.add(text);
        return answerOf(nodeId, text);
    }

    @Override
    public boolean isMetadataLog() {
        return false;
    }

    @Override
    public CompletableFuture<byte[]> applyCommitted(long index, byte[] command) {
        misplacedCalls.add("applyCommitted(" + index + ", " + new String(command, StandardCharsets.UTF_8) + ")");
        return CompletableFuture.failedFuture(new IllegalStateException("the kit's engine has a metadata WAL"));
    }

    @Override
    public long writeSnapshot(OutputStream out) throws IOException {
        misplacedCalls.add("writeSnapshot");
        throw new IOException("the kit's engine has a metadata WAL: the consensus log holds no state");
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        misplacedCalls.add("restoreSnapshot");
        throw new IOException("the kit's engine has a metadata WAL: the consensus log holds no state");
    }
}

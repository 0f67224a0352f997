package io.quire.core.testing;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-JVM consensus group whose elections the test decides: {@link #elect} reports a leader of
 * an epoch to every member that is up. Questions reach the other members' engines directly; a
 * member that is {@link #down} cannot be asked anything.
 */
public final class TestGroup {

    private final Set<Integer> members;
    private final Map<Integer, ConsensusContext> contexts = new ConcurrentHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();

    public TestGroup(Set<Integer> members) {
        this.members = Set.copyOf(members);
    }

    /** The consensus plugin of member {@code nodeId}. */
    public Consensus member(int nodeId) {
        return new Member(nodeId);
    }

    /** Reports {@code leaderId} as the leader of {@code epoch} to every member that is up. */
    public void elect(int leaderId, long epoch) {
        contexts.forEach((id, context) -> {
            if (!down.contains(id)) {
                context.leadershipChanged(new Leadership(epoch, OptionalInt.of(leaderId), id));
            }
        });
    }

    /** Member {@code nodeId} can no longer be reached. */
    public void down(int nodeId) {
        down.add(nodeId);
    }

    private final class Member implements Consensus {

        private final int nodeId;

        Member(int nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public void start(ConsensusContext context) {
            contexts.put(nodeId, context);
        }

        @Override
        public Leadership leadership() {
            return Leadership.unknown(nodeId);
        }

        @Override
        public CompletableFuture<byte[]> propose(byte[] command) {
            return CompletableFuture.failedFuture(new NotLeaderException("the test group forwards nothing"));
        }

        @Override
        public Set<Integer> members() {
            return members;
        }

        @Override
        public CompletableFuture<byte[]> ask(int memberId, byte[] question) {
            ConsensusContext target = contexts.get(memberId);
            if (target == null || down.contains(memberId)) {
                return CompletableFuture.failedFuture(new IOException("member " + memberId + " is unreachable"));
            }
            try {
                return CompletableFuture.completedFuture(target.answer(question));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public boolean canBeTheMetadataLog() {
            return false;
        }

        @Override
        public void close() {
            contexts.remove(nodeId);
        }
    }
}

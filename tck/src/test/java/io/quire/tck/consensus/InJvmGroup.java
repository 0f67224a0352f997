package io.quire.tck.consensus;

import io.quire.spi.consensus.Leadership;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of one in-JVM consensus group that are running, found by the group's ports as a
 * network would find them. Every change (a member joins or leaves) happens under the group's lock
 * and settles leadership at once: the lowest running id is elected in the next term when no running
 * member leads and a majority runs; a member that joins is told the current leader.
 */
final class InJvmGroup {

    private static final Map<Map<Integer, Integer>, InJvmGroup> GROUPS = new ConcurrentHashMap<>();

    private final Set<Integer> ids;
    /** Members that joined and have not left; a flawed member stays after it closed. */
    private final Map<Integer, InJvmConsensus> joined = new TreeMap<>();

    private InJvmGroup(Set<Integer> ids) {
        this.ids = Set.copyOf(ids);
    }

    /** The group of the members that {@code portsByMember} names. */
    static InJvmGroup of(Map<Integer, Integer> portsByMember) {
        return GROUPS.computeIfAbsent(Map.copyOf(portsByMember), ports -> new InJvmGroup(ports.keySet()));
    }

    Set<Integer> ids() {
        return ids;
    }

    synchronized void join(InJvmConsensus member) {
        joined.put(member.nodeId, member);
        settle();
    }

    synchronized void leave(InJvmConsensus member) {
        if (member.flaw != InJvmConsensus.Flaw.EVENTS_AFTER_CLOSE) {
            joined.remove(member.nodeId, member);
        }
        settle();
    }

    /** The running member {@code id}, or null. */
    synchronized InJvmConsensus running(int id) {
        InJvmConsensus member = joined.get(id);
        return member == null || member.closed ? null : member;
    }

    /** The leader, while a majority of the group runs; null otherwise. */
    synchronized InJvmConsensus leaderWithAMajority() {
        List<InJvmConsensus> live = live();
        return live.size() < majority() ? null : leader(live);
    }

    private void settle() {
        // A member that stayed after it closed hears of every change, as if it still ran.
        joined.values().stream().filter(member -> member.closed).forEach(member -> member.deliver(member.leadership));
        List<InJvmConsensus> live = live();
        InJvmConsensus leader = leader(live);
        if (leader != null) {
            for (InJvmConsensus member : live) {
                Leadership current = new Leadership(leader.leadership.epoch(), OptionalInt.of(leader.nodeId),
                        member.nodeId);
                if (!member.leadership.equals(current)) {
                    member.persistTerm(current.epoch());
                    member.tell(current);
                }
            }
            return;
        }
        int needed = live.isEmpty() || live.get(0).flaw != InJvmConsensus.Flaw.MINORITY_ELECTS ? majority() : 1;
        if (live.size() < needed) {
            return;
        }
        long term = live.stream().mapToLong(InJvmConsensus::term).max().orElse(0) + 1;
        InJvmConsensus elected = live.get(0);
        InJvmConsensus last = live.get(live.size() - 1);
        for (InJvmConsensus member : live) {
            Leadership previous = member.leadership;
            member.persistTerm(term);
            member.tell(new Leadership(term, OptionalInt.empty(), member.nodeId));
            member.tell(new Leadership(term, OptionalInt.of(elected.nodeId), member.nodeId));
            if (member.flaw == InJvmConsensus.Flaw.STALE_EVENT_LAST) {
                member.deliver(previous);
            }
            if (member.flaw == InJvmConsensus.Flaw.TWO_LEADERS_PER_EPOCH && member == last && member != elected) {
                member.deliver(new Leadership(term, OptionalInt.of(member.nodeId), member.nodeId));
            }
        }
    }

    /** The running members, lowest id first. */
    private List<InJvmConsensus> live() {
        return joined.values().stream().filter(member -> !member.closed)
                .sorted(Comparator.comparingInt(member -> member.nodeId)).toList();
    }

    private static InJvmConsensus leader(List<InJvmConsensus> live) {
        return live.stream().filter(member -> member.leadership.isLocalLeader()).findFirst().orElse(null);
    }

    private int majority() {
        return ids.size() / 2 + 1;
    }
}

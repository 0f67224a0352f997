package io.quire.replication.tcp;

import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.ReplicationContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands between a transport and its node's engine side (the {@link ReplicationContext} and the
 * logs it hands out) and records each call the transport makes into it, as
 * {@code "FollowerLog.accept"}, so that a test can tell whether anything reached the engine.
 */
final class EngineProbe {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** For {@link TestCluster.NodeSpec#engine}. */
    ReplicationContext watch(ReplicationContext engine) {
        return recording(ReplicationContext.class, engine);
    }

    /** Every call so far, oldest first. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls after the first {@code count}, oldest first. */
    List<String> callsAfter(int count) {
        List<String> all = calls();
        return all.subList(count, all.size());
    }

    private <T> T recording(Class<T> type, T target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() != Object.class) {
                calls.add(type.getSimpleName() + "." + method.getName());
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            // The logs the context hands out are the engine too: what the transport does to them is recorded as well.
            if (method.getReturnType() == LeaderLog.class) {
                return recording(LeaderLog.class, (LeaderLog) result);
            }
            if (method.getReturnType() == FollowerLog.class) {
                return recording(FollowerLog.class, (FollowerLog) result);
            }
            return result;
        }));
    }
}

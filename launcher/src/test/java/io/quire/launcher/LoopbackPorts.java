package io.quire.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for listeners that a test restarts on the same number. They are picked below Linux's
 * ephemeral range (32768 and up), because a port from that range, once released by a killed node,
 * may be taken by any outgoing connection before the node restarts.
 */
final class LoopbackPorts {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;

    private LoopbackPorts() {}

    /** {@code count} ports, each free now. */
    static List<Integer> free(int count) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (!ports.contains(port) && isFree(port)) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** A base port from which {@code offsets} are all free now. */
    static int freeBase(int... offsets) {
        while (true) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - 300);
            boolean allFree = true;
            for (int offset : offsets) {
                allFree &= isFree(base + offset);
            }
            if (allFree) {
                return base;
            }
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

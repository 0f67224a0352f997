package io.quire.kafka.handlers;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A config resource as requests name it: type id and name. */
record ResourceKey(byte type, String name) {

    /** The keys that occur more than once, in order of first occurrence. */
    static Set<ResourceKey> duplicated(List<ResourceKey> keys) {
        Set<ResourceKey> seen = new HashSet<>();
        Set<ResourceKey> duplicated = new LinkedHashSet<>();
        for (ResourceKey key : keys) {
            if (!seen.add(key)) {
                duplicated.add(key);
            }
        }
        return duplicated;
    }
}

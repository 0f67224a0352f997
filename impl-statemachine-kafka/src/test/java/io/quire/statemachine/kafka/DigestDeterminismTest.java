package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.applyAll;
import static io.quire.statemachine.kafka.StateMachines.broker;
import static io.quire.statemachine.kafka.StateMachines.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digest is a deterministic function of the state: equal states, equal digests; else different. */
class DigestDeterminismTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20250101})
    void twoInstancesFedTheSameCommandsHaveEqualDigestsAfterEveryCommand(long seed) {
        List<MetadataCommand> commands = randomHistory(new Random(seed), 400);
        StateMachine first = StateMachines.create(dir);
        StateMachine second = StateMachines.create(dir);

        Set<String> digestsSeen = new HashSet<>();
        for (int offset = 0; offset < commands.size(); offset++) {
            CommandResult firstResult = first.apply(offset, commands.get(offset));
            CommandResult secondResult = second.apply(offset, commands.get(offset));

            assertThat(secondResult).isEqualTo(firstResult);
            assertThat(second.digest()).as("digest after offset %d", offset).isEqualTo(first.digest());
            digestsSeen.add(first.digest());
        }
        assertThat(second.view().topics()).containsExactlyElementsOf(first.view().topics());
        assertThat(second.view().brokers()).containsExactlyElementsOf(first.view().brokers());
        // The history really changed the state, many times.
        assertThat(digestsSeen).hasSizeGreaterThan(50);
        assertThat(first.view().topics()).isNotEmpty();
    }

    @Test
    void theDigestDependsOnTheStateNotOnTheHistoryOrTheAppliedOffset() {
        StateMachine direct = StateMachines.create(dir);
        applyAll(direct, 0, List.of(broker(1), broker(2),
                create("a", List.of(List.of(1))), create("b", List.of(List.of(2)))));

        StateMachine roundabout = StateMachines.create(dir);
        CreateTopic temporary = create("temporary", List.of(List.of(1)));
        applyAll(roundabout, 100, List.of(broker(2), create("b", List.of(List.of(2))), broker(1), temporary,
                create("b", List.of(List.of(1))), create("a", List.of(List.of(1))),
                new DeleteTopic(temporary.name(), temporary.topicId())));

        assertThat(roundabout.appliedOffset()).isNotEqualTo(direct.appliedOffset());
        assertThat(roundabout.digest()).isEqualTo(direct.digest());
    }

    @Test
    void theDigestDoesNotDependOnConfigInsertionOrder() {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(Map.entry("config.key." + i, "value-" + (i * 7919)));
        }
        List<List<Map.Entry<String, String>>> orders = new ArrayList<>();
        orders.add(entries);
        List<Map.Entry<String, String>> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        orders.add(reversed);
        for (long seed = 0; seed < 5; seed++) {
            List<Map.Entry<String, String>> shuffled = new ArrayList<>(entries);
            Collections.shuffle(shuffled, new Random(seed));
            orders.add(shuffled);
        }

        Set<String> digests = new HashSet<>();
        for (List<Map.Entry<String, String>> order : orders) {
            Map<String, String> configs = new LinkedHashMap<>();
            order.forEach(entry -> configs.put(entry.getKey(), entry.getValue()));
            StateMachine stateMachine = StateMachines.create(dir);
            applyAll(stateMachine, 0, List.of(broker(1), create("configured", List.of(List.of(1)), configs)));
            assertThat(stateMachine.view().topic("configured")).map(TopicMetadata::configs).contains(Map.copyOf(configs));
            digests.add(stateMachine.digest());
        }

        assertThat(digests).hasSize(1);
    }

    @Test
    void differentStatesHaveDifferentDigests() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        RegisterBroker one = new RegisterBroker(new BrokerInfo(1, "one.example", 9092, null));
        RegisterBroker two = new RegisterBroker(new BrokerInfo(2, "two.example", 9092, null));
        CreateTopic topic = new CreateTopic("t", id, List.of(List.of(1, 2)), Map.of("k", "v"));
        Map<String, List<MetadataCommand>> states = new LinkedHashMap<>();
        states.put("empty", List.of());
        states.put("one broker", List.of(one));
        states.put("base", List.of(one, two, topic));
        states.put("rack empty instead of none", List.of(one,
                new RegisterBroker(new BrokerInfo(2, "two.example", 9092, "")), topic));
        states.put("rack set", List.of(one, new RegisterBroker(new BrokerInfo(2, "two.example", 9092, "r")), topic));
        states.put("other port", List.of(one, new RegisterBroker(new BrokerInfo(2, "two.example", 9093, null)), topic));
        states.put("other host", List.of(one, new RegisterBroker(new BrokerInfo(2, "two.example.", 9092, null)), topic));
        states.put("other broker id", List.of(one, new RegisterBroker(new BrokerInfo(3, "two.example", 9092, null)),
                new CreateTopic("t", id, List.of(List.of(1, 3)), Map.of("k", "v"))));
        states.put("other topic id", List.of(one, two,
                new CreateTopic("t", UUID.fromString("00000000-0000-0000-0000-000000000002"), List.of(List.of(1, 2)), Map.of("k", "v"))));
        states.put("other topic name", List.of(one, two, new CreateTopic("u", id, List.of(List.of(1, 2)), Map.of("k", "v"))));
        states.put("other replica order", List.of(one, two, new CreateTopic("t", id, List.of(List.of(2, 1)), Map.of("k", "v"))));
        states.put("fewer replicas", List.of(one, two, new CreateTopic("t", id, List.of(List.of(1)), Map.of("k", "v"))));
        states.put("more partitions", List.of(one, two,
                new CreateTopic("t", id, List.of(List.of(1, 2), List.of(1, 2)), Map.of("k", "v"))));
        states.put("other config value", List.of(one, two, new CreateTopic("t", id, List.of(List.of(1, 2)), Map.of("k", "w"))));
        states.put("other config key", List.of(one, two, new CreateTopic("t", id, List.of(List.of(1, 2)), Map.of("kk", "v"))));
        states.put("no configs", List.of(one, two, new CreateTopic("t", id, List.of(List.of(1, 2)), Map.of())));
        states.put("two topics", List.of(one, two, topic, new CreateTopic("u", UUID.fromString("00000000-0000-0000-0000-000000000003"), List.of(List.of(1)), Map.of())));

        Map<String, String> digestByState = new LinkedHashMap<>();
        states.forEach((name, commands) -> {
            StateMachine stateMachine = StateMachines.create(dir);
            List<CommandResult> results = applyAll(stateMachine, 0, commands);
            assertThat(results).as("commands of state '%s'", name).allMatch(CommandResult::isSuccess);
            digestByState.put(name, stateMachine.digest());
        });

        assertThat(new HashSet<>(digestByState.values())).as("digests %s", digestByState).hasSize(states.size());
    }

    /** Commands of every kind, about a small set of names and brokers, so that many are refused. */
    private static List<MetadataCommand> randomHistory(Random random, int length) {
        List<String> names = List.of("orders", "payments", "a.b", "a_b", "logs", "metrics.cpu", "metrics_cpu", "x");
        Map<String, UUID> lastIdByName = new LinkedHashMap<>();
        List<MetadataCommand> commands = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 2) {
                int id = 1 + random.nextInt(5);
                String rack = random.nextBoolean() ? null : "rack-" + random.nextInt(3);
                commands.add(new RegisterBroker(new BrokerInfo(id, "host-" + random.nextInt(4), 9000 + random.nextInt(5), rack)));
            } else if (kind < 7) {
                String name = names.get(random.nextInt(names.size()));
                UUID id = new UUID(random.nextLong(), random.nextLong());
                lastIdByName.put(name, id);
                List<List<Integer>> assignment = new ArrayList<>();
                int partitions = random.nextInt(4);
                for (int p = 0; p < partitions; p++) {
                    List<Integer> replicas = new ArrayList<>();
                    int count = 1 + random.nextInt(3);
                    for (int r = 0; r < count; r++) {
                        replicas.add(1 + random.nextInt(6));
                    }
                    assignment.add(replicas);
                }
                Map<String, String> configs = new LinkedHashMap<>();
                for (int c = random.nextInt(3); c > 0; c--) {
                    configs.put("key" + random.nextInt(4), "value" + random.nextInt(100));
                }
                commands.add(new CreateTopic(name, id, assignment, configs));
            } else {
                String name = names.get(random.nextInt(names.size()));
                UUID id = random.nextInt(4) == 0 || !lastIdByName.containsKey(name)
                        ? new UUID(random.nextLong(), random.nextLong())
                        : lastIdByName.get(name);
                commands.add(new DeleteTopic(name, id));
            }
        }
        return commands;
    }
}

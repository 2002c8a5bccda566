package io.seatline.telephony.internal.acd;

import io.seatline.spi.RoutingStrategy;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.internal.call.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ACD routing decision latency (issue 3): one tenant with 1,000 logged-in agents, 200 queues, 3 skills per agent
 * (levels 1-10, from 20 skills), each queue requiring one or two of them.
 * <ul>
 *   <li>{@code decide}: the routing decision alone (which READY, qualified agent gets the call), all agents READY:
 *   the worst case for the scan.</li>
 *   <li>{@code enqueueAndDispatch}: a call enters a queue and the ACD routes it (ordering, decision, the agent's
 *   RESERVED transition with its hooks); the agent is then set READY again outside the measured path.</li>
 * </ul>
 * Sample mode prints p50 / p99 / p99.9.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {
    static final int AGENTS = 1000;
    static final int QUEUES = 200;
    static final int SKILLS = 20;

    @Param({Router.LONGEST_IDLE, Router.BEST_SKILL, Router.FEWEST_CALLS})
    public String strategy;

    private TenantAcd acd;
    private List<CallQueue> queues;
    private int next;
    private AgentRuntime lastOffered;

    @Setup
    public void setup() {
        Random rnd = new Random(42);
        Executor direct = Runnable::run;
        acd = new TenantAcd("bench", new Actor("bench", direct, new AtomicInteger()), new TenantAcd.Hooks() {
            @Override
            public void stateChanged(TenantAcd a, AgentRuntime agent, AgentState previous, Instant at) {
            }

            @Override
            public void offer(Call call, AgentRuntime agent) {
                lastOffered = agent;
            }

            @Override
            public RoutingStrategy plugin(String tenantId, String name) {
                return null;
            }
        });
        queues = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
            Map<String, Integer> req = new TreeMap<>();
            req.put("s" + rnd.nextInt(SKILLS), 1 + rnd.nextInt(3));
            if (rnd.nextBoolean()) {
                req.put("s" + rnd.nextInt(SKILLS), 1 + rnd.nextInt(3));
            }
            CallQueue def = new CallQueue("q" + q, null, req, rnd.nextInt(5), 600, null, 20, 0, 15, strategy, null, 0, false);
            queues.add(def);
            acd.queues.put(def.name(), new QueueRuntime(def));
        }
        for (int i = 0; i < AGENTS; i++) {
            AgentRuntime a = new AgentRuntime("u" + i);
            a.login = "agent" + i + "@bench";
            Map<String, Integer> skills = new TreeMap<>();
            while (skills.size() < 3) {
                skills.put("s" + rnd.nextInt(SKILLS), 1 + rnd.nextInt(10));
            }
            a.skills = skills;
            a.callsHandled = rnd.nextInt(50);
            acd.agents.put(a.userId, a);
            acd.transition(a, AgentState.READY, null, null);
        }
    }

    @Benchmark
    public AgentRuntime decide() {
        CallQueue q = queues.get(next++ % QUEUES);
        return Router.pick(strategy, null, q.requiredSkills(), acd.ready, "bench", q.name(), "call");
    }

    @Benchmark
    public AgentRuntime enqueueAndDispatch() {
        CallQueue q = queues.get(next++ % QUEUES);
        Call call = new Call("c" + next, acd, "INBOUND", "1380000", "800", "800");
        lastOffered = null;
        acd.enqueue(call, acd.queues.get(q.name()), false);
        AgentRuntime chosen = lastOffered;
        if (chosen != null) {
            chosen.state = AgentState.READY; // back in the pool for the next call (outside the ACD's bookkeeping)
            acd.ready.add(chosen);
        } else {
            acd.removeWaiting(call);
        }
        return chosen;
    }
}

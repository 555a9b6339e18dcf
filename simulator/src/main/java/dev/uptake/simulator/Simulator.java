package dev.uptake.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.simulator.output.CallSink;
import dev.uptake.simulator.usage.AccountPlan;
import dev.uptake.simulator.usage.EventRenderer;
import dev.uptake.simulator.usage.UsagePlanner;
import dev.uptake.simulator.world.Account;
import dev.uptake.simulator.world.World;
import dev.uptake.simulator.world.WorldGenerator;

/** Generates a world and streams its calls into a sink, account by account: memory stays flat at any size. */
public final class Simulator {

    private final ObjectMapper mapper;

    public Simulator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public record Result(World world, long calls) {
    }

    public Result run(SimulationSettings settings, CallSink sink) {
        World world = WorldGenerator.generate(settings);
        UsagePlanner planner = new UsagePlanner(settings);
        EventRenderer renderer = new EventRenderer(mapper, settings, world.catalog());
        long calls = 0;
        for (Account account : world.accounts()) {
            AccountPlan plan = planner.plan(account);
            calls += renderer.render(plan, sink);
        }
        return new Result(world, calls);
    }
}

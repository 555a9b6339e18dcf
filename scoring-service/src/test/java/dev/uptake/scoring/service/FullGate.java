package dev.uptake.scoring.service;

import io.smallrye.mutiny.Uni;

/** Gates whose every permit is held by an analysis that never ends, as on an instance already running its limit. */
public final class FullGate {

    private FullGate() {
    }

    public static AnalysisGate ofOne() {
        AnalysisGate gate = new AnalysisGate(1);
        gate.run(() -> Uni.createFrom().emitter(never -> {
        })).subscribe().with(ignored -> {
        });
        return gate;
    }
}

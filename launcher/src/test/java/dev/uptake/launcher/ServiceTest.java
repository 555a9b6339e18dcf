package dev.uptake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceTest {

    @Test
    void shouldGiveEachServiceItsOwnDatabaseOnAnExternalServer() {
        String server = "postgresql://pg.example:5432/postgres?sslmode=require";
        assertThat(Service.GATEWAY.postgresUrlOn(server, Map.of()))
                .isEqualTo("postgresql://pg.example:5432/gateway?sslmode=require");
        assertThat(Service.CAMPAIGN.postgresUrlOn(server, Map.of()))
                .isEqualTo("postgresql://pg.example:5432/campaign?sslmode=require");
    }

    @Test
    void shouldPreferAServicesOwnUrlWhenOneIsGiven() {
        Map<String, String> env = Map.of("UPTAKE_CAMPAIGN_POSTGRES_URL", "postgresql://other:6543/cmp");
        assertThat(Service.CAMPAIGN.postgresUrlOn("postgresql://pg:5432", env)).isEqualTo("postgresql://other:6543/cmp");
        assertThat(Service.GATEWAY.postgresUrlOn("postgresql://pg:5432", env)).isEqualTo("postgresql://pg:5432/gateway");
    }
}

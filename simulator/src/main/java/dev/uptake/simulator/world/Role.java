package dev.uptake.simulator.world;

/** The user roles the scoring service reads from identify traits. */
public enum Role {
    ADMIN("admin"), END_USER("end user"), MANAGER("manager"), EXECUTIVE("executive");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

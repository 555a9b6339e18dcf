package dev.uptake.simulator.world;

/** Account tiers with their typical size and price per seat. */
public enum Tier {
    ENTERPRISE("enterprise", 30, 60), MID_MARKET("mid-market", 9, 45), SMB("smb", 3, 30);

    private final String wireName;
    private final double typicalUsers;
    private final int pricePerSeatMonth;

    Tier(String wireName, double typicalUsers, int pricePerSeatMonth) {
        this.wireName = wireName;
        this.typicalUsers = typicalUsers;
        this.pricePerSeatMonth = pricePerSeatMonth;
    }

    public String wireName() {
        return wireName;
    }

    public double typicalUsers() {
        return typicalUsers;
    }

    public int pricePerSeatMonth() {
        return pricePerSeatMonth;
    }
}

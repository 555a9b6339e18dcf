-- Tenants and their API keys. Only a SHA-256 of each key's secret part is stored.
create table tenants (
    id                       text primary key,
    name                     text        not null,
    created_at               timestamptz not null,
    -- Per-tenant settings; null means the gateway's configured default.
    tracking_rate_per_second integer check (tracking_rate_per_second > 0),
    tracking_burst           integer check (tracking_burst > 0),
    other_rate_per_second    integer check (other_rate_per_second > 0),
    other_burst              integer check (other_burst > 0),
    -- Space-separated origins allowed to call write-key routes from a browser; null means any origin.
    cors_origins             text,
    constraint tenants_id_shape check (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$')
);

create table api_keys (
    id            uuid primary key,
    tenant_id     text        not null references tenants (id),
    kind          text        not null check (kind in ('write', 'read', 'admin')),
    prefix        text        not null unique,
    secret_sha256 text        not null,
    created_at    timestamptz not null,
    revoked_at    timestamptz
);

create index api_keys_by_tenant on api_keys (tenant_id, created_at, id);

-- Every signal campaign-service has received, once: signal_id is deterministic per transition, so a redelivery or a
-- re-published signal collides here and changes nothing.
create table signals (
    signal_id      text        primary key,
    schema_version integer     not null,
    tenant_id      text        not null,
    subject_type   text        not null check (subject_type in ('ACCOUNT', 'USER')),
    subject_id     text        not null,
    kind           text        not null,
    from_state     text,
    to_state       text        not null,
    occurred_at    timestamptz not null,
    -- From backfilled or replayed data: kept for history, never fires a playbook.
    historical     boolean     not null,
    received_at    timestamptz not null
);

-- The API pages newest first within a tenant, optionally for one subject or one kind.
create index signals_tenant_received on signals (tenant_id, received_at desc, signal_id);
create index signals_tenant_subject_received on signals (tenant_id, subject_id, received_at desc, signal_id);
create index signals_tenant_kind_received on signals (tenant_id, kind, received_at desc, signal_id);

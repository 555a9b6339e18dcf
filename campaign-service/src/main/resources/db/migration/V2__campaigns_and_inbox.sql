-- Campaigns an admin defines, and the in-app messages they delivered. Only the in-app channel exists so far; email,
-- webhooks, audiences from segments and holdouts will extend these tables.
create table campaigns (
    campaign_id text        primary key,
    tenant_id   text        not null,
    name        text        not null,
    channel     text        not null check (channel in ('IN_APP')),
    title       text        not null,
    body        text        not null,
    created_at  timestamptz not null
);

create index campaigns_tenant_created on campaigns (tenant_id, created_at desc, campaign_id);

-- One message per campaign and user: a retried delivery collides here and changes nothing. Title and body are copied
-- so that a delivered message reads as it was sent.
create table inbox_messages (
    message_id   text        primary key,
    tenant_id    text        not null,
    user_id      text        not null,
    campaign_id  text        not null references campaigns (campaign_id),
    title        text        not null,
    body         text        not null,
    delivered_at timestamptz not null,
    read_at      timestamptz,
    unique (campaign_id, user_id)
);

-- The inbox of one user, newest first; the partial index counts the unread badge without reading the rest.
create index inbox_tenant_user_delivered on inbox_messages (tenant_id, user_id, delivered_at desc, message_id);
create index inbox_tenant_user_unread on inbox_messages (tenant_id, user_id) where read_at is null;

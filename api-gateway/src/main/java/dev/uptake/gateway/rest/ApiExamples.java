package dev.uptake.gateway.rest;

/** Example bodies for the OpenAPI annotations, kept in one place so they stay consistent. */
final class ApiExamples {

    static final String TENANT = """
            {"id":"acme","name":"Acme Corp","createdAt":"2025-01-31T09:00:00Z","settings":{"trackingPerSecond":500}}""";
    static final String TENANT_PAGE = "{\"items\":[" + TENANT + "],\"nextCursor\":null}";
    static final String ISSUED_KEY = """
            {"id":"0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10","tenantId":"acme","kind":"write","prefix":"3kq8z1m4x7ab",\
            "createdAt":"2025-01-31T09:00:00Z","key":"upk_w_3kq8z1m4x7ab_5n2c9v8b7m6k5j4h3g2f1e0d9c8b7a6z"}""";
    static final String KEY = """
            {"id":"0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10","tenantId":"acme","kind":"write","prefix":"3kq8z1m4x7ab",\
            "createdAt":"2025-01-31T09:00:00Z"}""";
    static final String KEY_PAGE = "{\"items\":[" + KEY + "],\"nextOffset\":null}";
    static final String INVALID = """
            {"type":"https://uptake.dev/problems/validation","title":"Invalid request","status":400,\
            "detail":"1 invalid field(s)","instance":"/admin/tenants","errors":[{"path":"name","message":"must not be blank"}]}""";
    static final String UNAUTHORIZED = """
            {"type":"https://uptake.dev/problems/unauthorized","title":"Unauthorized","status":401,\
            "detail":"Send the operator token as Authorization: Bearer <token>.","instance":"/admin/tenants"}""";
    static final String KEY_UNAUTHORIZED = """
            {"type":"https://uptake.dev/problems/unauthorized","title":"Unauthorized","status":401,\
            "detail":"Send a valid API key as HTTP Basic username or as Authorization: Bearer <key>.",\
            "instance":"/v1/keys"}""";
    static final String FORBIDDEN = """
            {"type":"https://uptake.dev/problems/forbidden","title":"Forbidden","status":403,\
            "detail":"A write key cannot call GET /v1/keys.","instance":"/v1/keys"}""";
    static final String NOT_FOUND = """
            {"type":"https://uptake.dev/problems/not-found","title":"Not found","status":404,\
            "detail":"No tenant acme.","instance":"/admin/tenants/acme"}""";
    static final String CONFLICT = """
            {"type":"https://uptake.dev/problems/conflict","title":"Tenant exists","status":409,\
            "detail":"A tenant with id acme already exists.","instance":"/admin/tenants"}""";

    private ApiExamples() {
    }
}

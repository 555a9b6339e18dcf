package dev.uptake.kit.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a resource class or method from {@link UnknownQueryParameters}: for APIs whose clients are not ours to
 * correct (Segment's SDKs, and proxies in front of them, may add parameters of their own).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface AnyQueryParameters {
}

package io.laas.web.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that refuses query parameters it does not know, instead of ignoring them: a client that
 * misspells a filter ({@code ?stauts=open}) gets 400 {@code VALIDATION_FAILED} naming it rather than an
 * unfiltered list. The parameters it knows are those of its {@code @QueryParam} (or {@code @RestQuery})
 * parameters, each at most once (unless the parameter is a collection), and the families named in
 * {@link #maps()}, given as {@code family[key]=value}. {@link KnownQueryParametersFilter} checks them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KnownQueryParameters {

    /** Families of parameters given as {@code name[key]=value}, such as {@code metadata}. */
    String[] maps() default {};
}

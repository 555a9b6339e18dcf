package dev.uptake.kit.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import dev.uptake.kit.problem.Problems;

/**
 * Documents the 400 that {@code UnknownQueryParameters} answers, so no operation's contract leaves it out: added where
 * an operation documents no 400, named in the description where it documents one and takes query parameters. The
 * Segment-compatible tracking calls, which take no query parameters and ignore any, already document a 400 of their
 * own and are left as they are.
 */
public class UnknownParameterResponses implements OASFilter {

    static final String CAUSE = "A query parameter this call does not take (each named, with the ones it takes), or one "
            + "given twice";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            return operation;
        }
        APIResponse documented = operation.getResponses().getAPIResponse("400");
        if (documented == null) {
            operation.getResponses().addAPIResponse("400", OASFactory.createAPIResponse().description(CAUSE)
                    .content(problem()));
        } else if (takesQueryParameters(operation) && documented.getDescription() != null
                && !documented.getDescription().contains(CAUSE)) {
            documented.setDescription(documented.getDescription() + "; or " + Character.toLowerCase(CAUSE.charAt(0))
                    + CAUSE.substring(1));
        }
        return operation;
    }

    private static boolean takesQueryParameters(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> parameter.getIn() == Parameter.In.QUERY);
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/Problem")));
    }
}

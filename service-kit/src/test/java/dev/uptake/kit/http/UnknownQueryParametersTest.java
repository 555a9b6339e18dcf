package dev.uptake.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.junit.jupiter.api.Test;

class UnknownQueryParametersTest {

    static class Period {
        @QueryParam("from")
        public String from;
        @QueryParam("to")
        public String to;
        public String notAParameter;
    }

    static class Filtered extends Period {
        @QueryParam("tier")
        public String tier;
        @BeanParam
        public Paging paging;
    }

    static class Paging {
        @QueryParam("limit")
        public int limit;
    }

    static class Resource {
        @QueryParam("verbose")
        boolean verbose;

        public void plain(@PathParam("id") String id, @HeaderParam("X-Trace") String trace, @QueryParam("role") String role) {
        }

        public void withBean(@PathParam("id") String id, @BeanParam Filtered query, @QueryParam("role") String role) {
        }

        public void none() {
        }

        public void many(@QueryParam("tag") java.util.List<String> tags, @QueryParam("ids") String[] ids,
                @QueryParam("one") String one) {
        }
    }

    static class Bare {
        public void none() {
        }
    }

    @Test
    void shouldTakeOnlyQueryParametersNotPathOrHeaderOnes() throws Exception {
        assertThat(UnknownQueryParameters.takenBy(Resource.class.getMethod("plain", String.class, String.class,
                String.class), Resource.class).names()).containsExactly("role", "verbose");
    }

    @Test
    void shouldTakeABeanParamsFieldsWithInheritedAndNestedOnes() throws Exception {
        assertThat(UnknownQueryParameters.takenBy(Resource.class.getMethod("withBean", String.class, Filtered.class,
                String.class), Resource.class).names()).containsExactly("from", "limit", "role", "tier", "to", "verbose");
    }

    @Test
    void shouldTakeNothingWhereNothingIsDeclared() throws Exception {
        assertThat(UnknownQueryParameters.takenBy(Bare.class.getMethod("none"), Bare.class).names()).isEmpty();
    }

    @Test
    void shouldLetOnlyListsAndArraysRepeat() throws Exception {
        UnknownQueryParameters.Takes takes = UnknownQueryParameters.takenBy(Resource.class.getMethod("many",
                java.util.List.class, String[].class, String.class), Resource.class);
        assertThat(takes.names()).containsExactly("ids", "one", "tag", "verbose");
        assertThat(takes.repeatable()).containsExactly("ids", "tag");
    }
}

package io.laas.web.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemMappersTest {

    private final ObjectMapper json = new ObjectMapper();

    record Posting(String amount) {
    }

    record Body(List<Posting> postings) {
    }

    @Test
    void aSyntaxErrorIsReportedWithItsPositionAndNoParserInternals() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> json.readValue("{\n  \"a\": ]", Map.class));
        assertEquals("The request body is not valid JSON (line 2, column 8).", ProblemMappers.malformedDetail(e));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFieldNotTheJavaType() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> json.readValue("{\"postings\": [{\"amount\": {\"x\": 1}}]}", Body.class));
        assertEquals("The request body has a value of the wrong type at postings[0].amount.", ProblemMappers.malformedDetail(e));
    }
}

package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnnConfigTest {

    @Test
    void defaultsMatchOriginalConfig() {
        EnnConfig config = EnnModel.builder().buildConfig();

        assertEquals(5, config.inputFeatures());
        assertEquals(10, config.numNeurons());
        assertEquals(5, config.numStates());
        assertEquals(3, config.numLayers());
        assertEquals(3, config.compressedDim());
        assertEquals(0.1, config.decayRate());
        assertEquals(0.9, config.recencyFactor());
        assertEquals(5, config.bufferSize());
        assertEquals(0.0, config.sparsityThreshold());
        assertEquals(0.1, config.importanceThreshold());
        assertEquals(3, config.lowPowerK());
        assertEquals(1e-4, config.l1Lambda());
        assertEquals(0L, config.seed());
        assertEquals(InputFormat.SEQUENCE, config.inputFormat());
        assertEquals(TaskHead.none(), config.head());
        assertNull(config.attentionPreset());
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                invalid("inputFeatures = 0", "at least 1", b -> b.inputFeatures(0)),
                invalid("numNeurons = -1", "at least 1", b -> b.numNeurons(-1)),
                invalid("numStates = 0", "at least 1", b -> b.numStates(0)),
                invalid("numLayers = 0", "at least 1", b -> b.numLayers(0)),
                invalid("compressedDim = 0", "at least 1", b -> b.compressedDim(0)),
                invalid("decayRate = 1.5", "[0, 1]", b -> b.decayRate(1.5)),
                invalid("decayRate = NaN", "[0, 1]", b -> b.decayRate(Double.NaN)),
                invalid("recencyFactor = -0.1", "[0, 1]", b -> b.recencyFactor(-0.1)),
                invalid("bufferSize = 0", "at least 1", b -> b.bufferSize(0)),
                invalid("sparsityThreshold = -0.5", "at least 0", b -> b.sparsityThreshold(-0.5)),
                invalid("sparsityThreshold = Infinity", "finite", b -> b.sparsityThreshold(Double.POSITIVE_INFINITY)),
                invalid("importanceThreshold = -1.0", "at least 0", b -> b.importanceThreshold(-1)),
                invalid("lowPowerK = 0", "[1, 5]", b -> b.lowPowerK(0)),
                invalid("lowPowerK = 6", "[1, 5]", b -> b.lowPowerK(6)),
                invalid("l1Lambda = NaN", "finite", b -> b.l1Lambda(Double.NaN)),
                invalid("l1Lambda = Infinity", "finite", b -> b.l1Lambda(Double.POSITIVE_INFINITY)),
                invalid("l1Lambda = -1.0E-4", "at least 0", b -> b.l1Lambda(-1e-4)),
                invalid("inputFormat is null", "InputFormat.SEQUENCE", b -> b.inputFormat(null)),
                invalid("head is null", "TaskHead.none()", b -> b.head(null)),
                invalid("attentionPreset is blank", "null for no attention", b -> b.attention(" ")),
                invalid("numNeurons·numStates·inputFeatures = 3000000000", "exceeds",
                        b -> b.numNeurons(100_000).numStates(100).inputFeatures(300)),
                invalid("numNeurons·numNeurons = 10000000000", "exceeds", b -> b.numNeurons(100_000).numStates(1)
                        .lowPowerK(1).inputFeatures(1)));
    }

    private static Arguments invalid(String named, String range, UnaryOperator<EnnModel.Builder> change) {
        return Arguments.of(named, range, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void buildRejectsInvalidField(String named, String range, UnaryOperator<EnnModel.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(EnnModel.builder()).build());

        assertTrue(e.getMessage().contains(named), "message should name '" + named + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(range), "message should give the range '" + range + "': " + e.getMessage());
    }

    @Test
    void lowPowerKMessageExplainsDifferenceFromOriginal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnModel.builder().lowPowerK(-2).build());

        assertTrue(e.getMessage().contains("original accepts values <= 0"), e.getMessage());
    }

    @Test
    void boundaryValuesAreAccepted() {
        EnnConfig config = EnnModel.builder().numNeurons(1).numStates(1).inputFeatures(1).numLayers(1).compressedDim(1)
                .bufferSize(1).lowPowerK(1).decayRate(0).recencyFactor(1).sparsityThreshold(0).importanceThreshold(0)
                .l1Lambda(0).buildConfig();

        assertEquals(1, new EnnModel(config).forward(dev.enn.tensor.Tensor.ones(1, 1, 1)).size());
    }

    @Test
    void mapRoundTripKeepsEveryField() {
        EnnConfig config = EnnModel.builder().inputFeatures(3).numNeurons(12).numStates(4).numLayers(2).compressedDim(2)
                .decayRate(0.25).recencyFactor(0.5).bufferSize(7).sparsityThreshold(0.01).importanceThreshold(0.2)
                .lowPowerK(4).l1Lambda(1e-3).seed(-42).inputFormat(InputFormat.DIRECT).head(TaskHead.linear(3))
                .attention("minimal").buildConfig();

        Map<String, Object> map = config.toMap();

        assertEquals(List.of("inputFeatures", "numNeurons", "numStates", "numLayers", "compressedDim", "decayRate",
                "recencyFactor", "bufferSize", "sparsityThreshold", "importanceThreshold", "lowPowerK", "l1Lambda",
                "seed", "inputFormat", "head", "headOutputs", "attention",
                "dynamics", "stateCollapse", "collapseWeight", "lowPowerTopK"), List.copyOf(map.keySet()));
        assertEquals("LINEAR", map.get("head"));
        assertEquals(3, map.get("headOutputs"));
        assertEquals(-42L, map.get("seed"));
        assertEquals(config, EnnConfig.fromMap(map));
    }

    @Test
    void mapWithoutAttentionOmitsKey() {
        Map<String, Object> map = EnnModel.builder().head(TaskHead.mean()).buildConfig().toMap();

        assertTrue(!map.containsKey("attention"));
        assertEquals(TaskHead.mean(), EnnConfig.fromMap(map).head());
    }

    @Test
    void fromMapReadsStringValues() {
        Map<String, String> strings = new LinkedHashMap<>();
        EnnModel.builder().numNeurons(7).decayRate(0.3).seed(Long.MAX_VALUE).head(TaskHead.linear(2)).buildConfig()
                .toMap().forEach((key, value) -> strings.put(key, String.valueOf(value)));

        EnnConfig config = EnnConfig.fromMap(strings);

        assertEquals(7, config.numNeurons());
        assertEquals(0.3, config.decayRate());
        assertEquals(Long.MAX_VALUE, config.seed());
        assertEquals(TaskHead.linear(2), config.head());
    }

    @Test
    void fromMapReadsJsonNumberTypes() {
        // a JSON reader returns integers as Long and fractions as Double
        Map<String, Object> map = new HashMap<>();
        map.put("numNeurons", 8L);
        map.put("sparsityThreshold", 0L);
        map.put("decayRate", 0.2);
        map.put("bufferSize", 4.0);

        EnnConfig config = EnnConfig.fromMap(map);

        assertEquals(8, config.numNeurons());
        assertEquals(0.0, config.sparsityThreshold());
        assertEquals(0.2, config.decayRate());
        assertEquals(4, config.bufferSize());
    }

    @Test
    void fromMapFillsMissingKeysWithDefaults() {
        assertEquals(EnnModel.builder().buildConfig(), EnnConfig.fromMap(Map.of()));
        assertEquals(EnnModel.builder().numStates(4).buildConfig(), EnnConfig.fromMap(Map.of("numStates", 4)));
    }

    @Test
    void fromMapRejectsUnknownKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnConfig.fromMap(Map.of("num_neurons", 4)));

        assertTrue(e.getMessage().contains("unknown key 'num_neurons'"), e.getMessage());
        assertTrue(e.getMessage().contains("numNeurons"), e.getMessage());
    }

    @Test
    void fromMapRejectsFractionalInteger() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnConfig.fromMap(Map.of("numNeurons", 4.5)));

        assertTrue(e.getMessage().contains("'numNeurons' must be an integer"), e.getMessage());
    }

    @Test
    void fromMapRejectsUnknownEnumName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnConfig.fromMap(Map.of("inputFormat", "GRID")));

        assertTrue(e.getMessage().contains("[SEQUENCE, VECTOR, DIRECT]"), e.getMessage());
        assertTrue(e.getMessage().contains("GRID"), e.getMessage());
    }

    @Test
    void fromMapValidatesFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnConfig.fromMap(Map.of("recencyFactor", "2")));

        assertTrue(e.getMessage().contains("recencyFactor = 2.0"), e.getMessage());
    }

    @Test
    void toBuilderStartsFromConfig() {
        EnnConfig config = EnnModel.builder().numNeurons(6).seed(9).head(TaskHead.mean()).buildConfig();

        assertEquals(config, config.toBuilder().buildConfig());
        assertEquals(7, config.toBuilder().numNeurons(7).buildConfig().numNeurons());
    }
}

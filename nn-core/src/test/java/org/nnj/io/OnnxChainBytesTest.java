package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.AvgPool2D;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.layers.Parameter;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/**
 * A chain's ONNX model is byte for byte what it was before graph networks were exported: the SHA-256 of
 * the ModelProto of a few chains, recorded from main (43b6159) before {@code Onnx} translated topologies.
 */
class OnnxChainBytesTest {
    /** SHA-256 of each chain's ModelProto bytes, as main wrote them before graph export. */
    private static final Map<String, String> RECORDED = Map.of(
            "mlp-activations", "c85d363ff6acf437ab4d9c0367efc8312877e171c21875be7d4d436ea0b90a02",
            "mlp-standardizer-softmax", "b7eab22e8af534517a3799f365c7a34e8f56eb8213f1820586d2091b94e7614c",
            "mlp-minmax-bce-logits", "27cc40e0e496a48776845cf398114f295cc13581e280a31d5e66e076c04f227d",
            "cnn-batchnorm", "be9bff8281afc99224c2be4560ac7a2ddbc6b91e79ec79051b47ba254d52a220",
            "regression-schema", "10c5b602b22e5553e719255fa2ea5a72938fd25195b01568dc292dbf5d1a0dd5");

    static Map<String, byte[]> chains() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        List<Activation> all = List.of(
                Activation.identity(),
                Activation.relu(),
                Activation.leakyRelu(0.1),
                Activation.sigmoid(),
                Activation.tanh(),
                Activation.step(),
                Activation.elu(0.7),
                Activation.selu(),
                Activation.softplus(),
                Activation.softsign(),
                Activation.hardSigmoid(),
                Activation.softmax());
        Network.Builder b = Network.builder().seed(11);
        for (Activation a : all) {
            b.add(new Dense(4, 4, a));
        }
        b.add(new Dropout(4, 0.2)).add(new ActivationLayer(4, Activation.tanh()));
        m.put("mlp-activations", bytes(b.loss(Loss.mse()).build(), null, null));
        Network soft = Network.builder()
                .seed(2)
                .add(new Dense(5, 6, Activation.relu()))
                .add(new Dense(6, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        m.put(
                "mlp-standardizer-softmax",
                bytes(soft, Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 30, 5, 3, 2)), null));
        Network bce = Network.builder()
                .seed(3)
                .add(new Dense(5, 2, Activation.tanh()))
                .add(new Dense(2, 1))
                .loss(BinaryCrossEntropy.fromLogits())
                .build();
        m.put(
                "mlp-minmax-bce-logits",
                bytes(bce, MinMaxScaler.fit(TestData.gaussian(DataType.DOUBLE, 30, 5, 3, 3)), null));
        m.put("cnn-batchnorm", bytes(cnn(), null, null));
        Network reg = Network.builder()
                .seed(4)
                .add(new Dense(3, 4, Activation.relu()))
                .add(new Dense(4, 1))
                .loss(Loss.mse())
                .build();
        List<Schema.Column> cols = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cols.add(new Schema.Column("x" + i, List.of(), Double.NaN, false));
        }
        Schema schema = new Schema(cols, "y", Schema.Task.REGRESSION, List.of(), 6.5, 2.25, Schema.Missing.ERROR);
        m.put(
                "regression-schema",
                bytes(reg, Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 30, 3, 1, 4)), schema));
        return m;
    }

    private static Network cnn() {
        ImageShape in = new ImageShape(2, 9, 8);
        Conv2D c1 = new Conv2D(in, 4, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        MaxPool2D p1 = new MaxPool2D(c1.output(), 2);
        Conv2D c2 = new Conv2D(p1.output(), 3, 2, 2, Padding.SAME, Activation.tanh(), Initializer.heUniform());
        AvgPool2D p2 = new AvgPool2D(c2.output(), 2, 1);
        int flat = p2.output().size();
        return Network.builder()
                .seed(3)
                .inputShape(2, 9, 8)
                .add(c1)
                .add(p1)
                .add(c2)
                .add(p2)
                .add(new Flatten(p2.output()))
                .add(new Dense(flat, 6))
                .add(new BatchNormalization(6))
                .add(new ActivationLayer(6, Activation.relu()))
                .add(new Dense(6, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    private static byte[] bytes(Network net, Normalizer normalizer, Schema schema) {
        for (Parameter p : net.parameters()) { // non-zero biases
            p.value()
                    .addi(TestData.gaussian(
                            DataType.FLOAT,
                            (int) p.value().size(0),
                            (int) p.value().size(1),
                            0.3,
                            9));
        }
        return Onnx.model(net, normalizer, schema).toByteArray();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void chainExportsAreByteIdenticalToMainBeforeGraphExport() throws Exception {
        for (Map.Entry<String, byte[]> e : chains().entrySet()) {
            assertEquals(RECORDED.get(e.getKey()), sha256(e.getValue()), e.getKey());
        }
    }
}

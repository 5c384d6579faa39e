/**
 * Five baseline sequence models to compare the ENN against: {@link dev.enn.baselines.LstmModel},
 * {@link dev.enn.baselines.TransformerModel}, {@link dev.enn.baselines.CnnModel},
 * {@link dev.enn.baselines.MlpModel} and {@link dev.enn.baselines.LiquidModel}, each built with a
 * builder and also registered with {@link dev.enn.layer.LayerRegistry} by
 * {@link dev.enn.baselines.BaselineLayerProvider}.
 *
 * <p>"The original" in this package's documentation is the Python/PyTorch ENN project's
 * {@code baselines/baseline_models.py}, whose architectures, defaults and parameter counts these
 * models reproduce; the deliberate differences are listed in {@code docs/baselines.md}.
 */
package dev.enn.baselines;

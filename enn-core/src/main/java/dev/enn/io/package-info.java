/**
 * Model files: the safetensors format ({@link dev.enn.io.SafeTensors}), saving and loading a
 * layer's parameters and buffers ({@link dev.enn.io.ModelFiles}), atomic file replacement
 * ({@link dev.enn.io.AtomicFiles}) and the strict JSON codec the header needs
 * ({@link dev.enn.io.Json}). Every broken, hostile or mismatched file is reported as a
 * {@link dev.enn.io.ModelFileException}. The format, its limits and every rejection are described
 * in {@code docs/model-files.md}.
 */
package dev.enn.io;

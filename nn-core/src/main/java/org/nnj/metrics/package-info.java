/** Confusion matrices, accuracy, per-class precision, recall and F1, log-loss. */
package org.nnj.metrics;

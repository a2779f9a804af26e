/** Trainer, the library's one training loop (epochs, shuffles, minibatches, validation, listeners, early stopping, progress bar), and numerical gradient checks. */
package org.nnj.train;

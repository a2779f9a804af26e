/** Layers: each maps a batch x to its output and, backward, maps dJ/d(output) to dJ/d(input) while filling its parameter gradients; each can show its explicit Jacobian for one example. */
package org.nnj.layers;

/** Activation functions a = f(z) applied row by row, each with its equation, its scalar derivative and its explicit Jacobian; backward is the Jacobian-vector product dJ/dz = (da/dz)ᵀ dJ/da. */
package org.nnj.activations;

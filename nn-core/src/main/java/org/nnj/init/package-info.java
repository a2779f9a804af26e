/** Seeded initializers for parameters: constants, normal and uniform draws, Xavier/Glorot and He/Kaiming. */
package org.nnj.init;

/** The model file: a versioned, checksummed container (ModelFile), its payload codec (ModelCodec) and the Registry that maps the names in a Spec back to layers, activations, losses and normalizers. */
package org.nnj.io;

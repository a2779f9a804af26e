/** Datasets (features and labels as INDArrays, examples as rows), CSV (Apache Commons CSV) and IDX readers, one-hot encoding, stratified and random splits, and normalizers that travel with a model. */
package org.nnj.data;

/** Losses J(ŷ, y) averaged over the batch, with their gradients dJ/dŷ; MSE and MAE also average over the outputs. */
package org.nnj.losses;

/** Optimizers in the spirit of torch.optim: they update parameters from gradients and nothing else (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW), with schedules, L2, weight decay and clipping. */
package org.nnj.optim;

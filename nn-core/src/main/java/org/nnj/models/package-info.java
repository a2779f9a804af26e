/** Network (layers, a loss, forward, backward and one training step), the tutorials' Perceptron and Neuron, History, the parameter snapshot that rolls back a diverged step. */
package org.nnj.models;

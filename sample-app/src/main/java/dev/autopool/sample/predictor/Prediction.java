package dev.autopool.sample.predictor;

/** One candidate word and its score: the sum of the decoder's log-probabilities along the word, end included. */
public record Prediction(String word, float score) {}

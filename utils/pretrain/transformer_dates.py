"""The Transformer date translator: `python -m utils.pretrain transformer_dates`.

course5_sequence_models/w4_a1_transformer.ipynb builds the learner's Transformer at these sizes
(utils.nn.transformer.date_transformer is the reference: 2 encoder and 2 decoder layers,
embedding_dim 32, 2 heads, fully_connected_dim 64, dropout 0.1, Tx 30, Ty 10), trains it briefly
to show the loss falling, then loads these weights: the same model trained with teacher forcing
for EPOCHS epochs on the 10,000 training dates of DATA.md `dates`.

Training: Adam (beta_1 0.9, beta_2 0.98, epsilon 1e-9, as the Transformer paper) with the rate
rising linearly to PEAK_LEARNING_RATE over WARMUP_STEPS steps, then falling as 1 / sqrt(step);
batches of BATCH_SIZE; the sparse categorical cross-entropy of the softmax outputs. The held-out
figure is the exact match (all 10 characters right) of greedy decoding on the 1,000 test dates.
"""

DESCRIPTION = ("The notebook's Transformer (2 + 2 layers, embedding 32, 2 heads, feed-forward 64, Tx 30, "
               "Ty 10) trained on the 10,000 training dates; loaded by "
               "course5_sequence_models/w4_a1_transformer.ipynb.")
EPOCHS = 20
BATCH_SIZE = 64
PEAK_LEARNING_RATE = 2e-3
WARMUP_STEPS = 300


def build_model():
    """The notebook's Transformer, built by one call (a subclassed model has no weights before)."""
    from utils.nn import transformer

    return transformer.date_transformer()


def train(model, smoke=False, seed=0):
    from utils.nn import nmt
    from utils.nn import transformer as T

    vocab = T.TransformerVocab()
    train_dates = nmt.read_dates("train")
    test, validation = nmt.read_dates("test"), nmt.read_dates("validation")
    epochs = EPOCHS
    if smoke:
        train_dates, epochs, test, validation = train_dates[:128], 1, test[:20], validation[:20]
    X = vocab.encode_inputs([human for _, human, _ in train_dates])
    Y = vocab.encode_targets([iso for _, _, iso in train_dates])
    callback = None if smoke else _progress(epochs)
    losses = T.train_transformer(model, X, Y, vocab, epochs=epochs, batch_size=BATCH_SIZE,
                                 learning_rate=PEAK_LEARNING_RATE, seed=seed,
                                 warmup_steps=WARMUP_STEPS, callback=callback)
    figures = {}
    for name, examples in (("test", test), ("validation", validation)):
        formats, humans, truths = zip(*examples)
        predictions = T.translate(model, list(humans), vocab)
        _, accuracy = nmt.exact_match_by_format(formats, truths, predictions)
        figures[f"{name} exact-match accuracy ({len(examples):,} dates)"] = accuracy
    per_epoch = max(1, -(-len(X) // BATCH_SIZE))
    figures.update({"epochs": epochs, "training dates": len(X),
                    "first epoch mean loss": float(sum(losses[:per_epoch]) / per_epoch),
                    "last epoch mean loss": float(sum(losses[-per_epoch:]) / per_epoch)})
    return figures


def _progress(epochs):
    import time

    from utils.pretrain import duration

    start = time.perf_counter()

    def report(epoch, losses):
        spent = time.perf_counter() - start
        left = spent / (epoch + 1) * (epochs - epoch - 1)
        print(f"epoch {epoch + 1}/{epochs} (last batch loss {losses[-1]:.4f}): {duration(spent)} "
              f"spent, about {duration(left)} left", flush=True)

    return report

"""Reference NumPy implementations that the notebooks import and the graders compare with.

- `dense`: fully connected layers in Course 1's notation (examples are columns): activations and
  their gradients, initialization, forward and backward passes, the cross-entropy cost, gradient
  descent updates, `predict`, and the `two_layer_model` / `L_layer_model` training loops
  (taught in course1_nn_basics/w4_a1 and w4_a2).
- `three_layer`: the given 3-layer model of Course 2, week 1 (He initialization, forward,
  backward, cost, predict), built on `dense`.
- `regularization`: the L2-regularized cost and backward pass, inverted dropout forward and
  backward (course2_improving_dnn/w1_a2).
- `gradient_check`: parameter dictionary <-> vector conversions and the relative difference
  (course2_improving_dnn/w1_a3).
- `optimizers`: mini-batches, gradient descent, momentum, Adam, learning-rate decay and the
  fixed-interval schedule (course2_improving_dnn/w2_a1).
- `strategy`: NumPy and Keras: precision, recall, F1, `choose_model`, `split_data` and
  `diagnose`, and the small bird detectors of the case study with their error, false-alarm and
  runtime figures (course3_structuring_ml/w1_a1).
- `conv`: convolution and pooling layers, batch-first with channels last (taught in
  course4_cnn/w1_a1).
- `resnet`: Keras, not NumPy: the identity and convolutional blocks, ResNet50 with a width
  factor, and the plain and residual twins of the lesson (course4_cnn/w2_a1); also the model of
  the pretrained asset `resnet50_signs`.
- `unet`: Keras, not NumPy: the U-Net's contracting and expanding blocks and `unet_model`, and the
  mask figures (pixel accuracy, confusion matrix, per-class and mean IoU, `create_mask`)
  (course4_cnn/w3_a2); also the model of the pretrained asset `unet_road`.
- `yolo`: TensorFlow: YOLO's decoding (yolo_head), the four post-processing exercises
  (yolo_filter_boxes, iou, yolo_non_max_suppression, yolo_eval), k-means anchors, training
  targets, the loss and the small detector `yolo_body` (course4_cnn/w3_a1); also the model of the
  pretrained asset `yolo_road`.
- `facenet`: Keras and NumPy: the triplet loss, semi-hard mining, the face embedder, and the
  exercises `img_to_encoding`, `verify` and `who_is_it` (course4_cnn/w4_a1); also the model of
  the pretrained asset `face_embedder`.
- `nst`: TensorFlow: the content and style costs, the Gram matrix, `train_step` and the fixed
  random-weight VGG19 feature network (course4_cnn/w4_a2).
- `music`: Keras and NumPy: the shared-layer LSTM unrolled by hand (`djmodel`,
  `music_inference_model`, `predict_and_sample`), training windows, melodies to MIDI (pretty_midi),
  sine synthesis, piano rolls and interval statistics (course5_sequence_models/w1_a3); also the model
  of the pretrained asset `music_lstm`.
- `char_rnn`: the character-level RNN of course5_sequence_models/w1_a2 (the given helpers with
  the original's conventions, and `clip`, `sample`, `optimize`, `model`), text windows, and the
  Keras `char_lstm_model` with a NumPy step-by-step runner (`CharLSTMStepper`); also the model
  of the pretrained asset `char_lstm_docs`.
- `rnn`: the basic RNN and the LSTM, cell by cell and over a sequence, forward and backward
  through time, with the given `softmax` and `sigmoid` and the initializations of the
  vanishing-gradient experiment (course5_sequence_models/w1_a1).
- `word_vectors`: reading GloVe text files (`read_glove_vecs`), cosine similarity, analogies,
  neutralize and equalize (Bolukbasi et al. 2016), analogies scored in bulk, and the projection
  and PCA figures (course5_sequence_models/w2_a1); the vectors are the pretrained asset
  `word_vectors`.
- `emojify`: NumPy and Keras: the original's emo_utils helpers (`read_glove_vecs` returning
  words_to_index, index_to_words and word_to_vec_map, `convert_to_one_hot`, `label_to_emoji`,
  `predict`, a confusion matrix) and the exercises `sentence_to_avg`, `model`,
  `sentences_to_indices`, `pretrained_embedding_layer` and `Emojify_V2`
  (course5_sequence_models/w2_a2).
- `nmt`: Keras and NumPy: the original's nmt_utils helpers over the `dates` set (`load_dataset`,
  `string_to_int`, `int_to_string`, `preprocess_data`, the softmax over time), the attention
  model (`shared_layers`, `one_step_attention`, `modelf`), the comparison without attention,
  `Adam`, `LSTM` and `Model` that accept the original's Keras 2 forms, exact-match scoring and
  attention maps (course5_sequence_models/w3_a1); also the models of the pretrained assets
  `nmt_dates` and `nmt_dates_no_attention`.
- `transformer`: TensorFlow and Keras: positional encoding, the masks, scaled dot-product attention,
  the encoder and decoder layers and the Transformer with the original's signatures (and `Layer`,
  `Model`, `MultiHeadAttention` taking its Keras 2 calls), the dates as token ids, training, greedy
  decoding and cross-attention maps (course5_sequence_models/w4_a1); the NumPy encodings, their
  sum with embeddings and the figures of the preprocessing lab (w4_a2); also the model of the
  pretrained asset `transformer_dates`.
- `transformer_ner`: TensorFlow and Keras: BIO word tags from the résumés' spans, the label alignment
  (the exercise of course5_sequence_models/w4_a3), the token classifier (also the model of the
  pretrained asset `transformer_ner`) and its training, word-level predictions for seqeval, and the
  alignment table and highlighted-entities figures.
- `transformer_qa`: TensorFlow and Keras: extractive question answering over the `qa` set:
  `tokenize_align` (answer characters -> start and end token positions), the answer mask,
  `TransformerQA` (the week 4 encoder with a start head and an end head), the `tf.GradientTape`
  training loop, span prediction, exact match, the answers that need no model and the start/end
  figure (course5_sequence_models/w4_a4); also the model of the pretrained asset `transformer_qa`.
- `trigger_word`: NumPy and Keras: `AudioSegment` (pydub's meanings: lengths in ms, `overlay`,
  `- dB`, `dBFS`, `export`), `graph_spectrogram`, `match_target_amplitude`, `load_raw_audio` over
  the `trigger_word` set, the exercises (`get_random_time_segment`, `is_overlapping`,
  `insert_audio_clip`, `insert_ones`, `create_training_example`, `modelf`), held-out clips,
  event-level precision/recall/F1, the chime and the figures (course5_sequence_models/w3_a2); also
  the model of the pretrained asset `trigger_word`.

A later notebook imports these building blocks from here, never from another notebook.
"""

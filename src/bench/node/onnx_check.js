// Runs an ONNX model exported by frozen in onnxruntime-node (a separate runtime and process) on PNG files.
const ort = require('onnxruntime-node');
const { PNG } = require('pngjs');
const fs = require('fs');
(async () => {
  const [model, ...files] = process.argv.slice(2);
  const sess = await ort.InferenceSession.create(model);
  for (const f of files) {
    const png = PNG.sync.read(fs.readFileSync(f));
    const { width: w, height: h, data } = png;
    const x = new Float32Array(w * h * 3);
    for (let i = 0; i < w * h; i++) { x[3*i] = data[4*i]; x[3*i+1] = data[4*i+1]; x[3*i+2] = data[4*i+2]; }
    const out = await sess.run({ images: new ort.Tensor('float32', x, [1, h, w, 3]) });
    const p = out.probabilities || out.scores;
    console.log(f, 'label', out.label.data[0].toString(), Array.from(p.data).map(v => v.toFixed(6)).join(' '));
  }
})();

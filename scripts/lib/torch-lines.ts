/** The Python lines that load a PyTorch-layout file written by `npm run export` (the README shows them too). */
export const torchLines = (sequential: string, file: string): ReadonlyArray<string> => [
  'import torch',
  'from safetensors.torch import load_file',
  'from torch import nn',
  `model = ${sequential}`,
  `model.load_state_dict(load_file(${JSON.stringify(file)}))`
]

import { describe, expect, it } from 'vitest';
import type { Product } from '../../api/types';
import { productBody } from './ProductForm';

const lamp: Product = {
  id: 'p1',
  name: 'Lamp',
  description: 'Bright',
  price: 19.99,
  stock: 8,
  category: 'home',
  images: [],
  createdAt: '',
  updatedAt: '',
  version: 1,
};

const draft = { name: 'Lamp', description: 'Bright', price: '19.99', stock: '8', category: 'home', images: '' };

describe('productBody', () => {
  it('sends every field for a new product, an empty number as null so the API names it', () => {
    expect(productBody({ ...draft, price: '', images: 'https://img.test/a.png\n\n' })).toEqual({
      name: 'Lamp',
      description: 'Bright',
      price: null,
      stock: 8,
      category: 'home',
      images: ['https://img.test/a.png'],
    });
  });

  it('sends only the changed fields of an edit, so stock taken by orders meanwhile is not overwritten', () => {
    expect(productBody({ ...draft, price: '17.5' }, lamp)).toEqual({ price: 17.5 });
    expect(productBody(draft, lamp)).toEqual({});
  });
});

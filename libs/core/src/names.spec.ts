import { foldVietnamese, kindFromName, provinceKind, unitNameEn } from './names.js';

describe('foldVietnamese', () => {
  it('drops tone marks and folds đ/Đ, for English labels and search', () => {
    expect(foldVietnamese('Đình Xuyên')).toBe('Dinh Xuyen');
    expect(foldVietnamese('Hồ Chí Minh')).toBe('Ho Chi Minh');
    expect(foldVietnamese('Đống Đa, đường Láng')).toBe('Dong Da, duong Lang');
    expect(foldVietnamese('Nghĩa Đô')).toBe('Nghia Do');
  });
  it('leaves ASCII alone', () => {
    expect(foldVietnamese('Ba Vi 2024')).toBe('Ba Vi 2024');
  });
});

describe('unitNameEn', () => {
  it('moves the kind after the folded name, in English, for every GSO kind', () => {
    expect(unitNameEn('Thành phố Hà Nội', 'thanh_pho')).toBe('Ha Noi City');
    expect(unitNameEn('Tỉnh Bắc Ninh', 'tinh')).toBe('Bac Ninh Province');
    expect(unitNameEn('Quận Thanh Xuân', 'quan')).toBe('Thanh Xuan Urban District');
    expect(unitNameEn('Huyện Ba Vì', 'huyen')).toBe('Ba Vi Rural District');
    expect(unitNameEn('Thị xã Sơn Tây', 'thi_xa')).toBe('Son Tay Town');
    expect(unitNameEn('Phường Phúc Xá', 'phuong')).toBe('Phuc Xa Ward');
    expect(unitNameEn('Xã Đông Anh', 'xa')).toBe('Dong Anh Commune');
    expect(unitNameEn('Thị trấn Đông Anh', 'thi_tran')).toBe('Dong Anh Township');
  });

  it('keeps a name that does not start with its kind, and still names the kind', () => {
    expect(unitNameEn('Thanh Xuân', 'quan')).toBe('Thanh Xuan Urban District');
    // The kind must be a whole word: "Xã" is not the start of "Xuân Đỉnh".
    expect(unitNameEn('Xuân Đỉnh', 'xa')).toBe('Xuan Dinh Commune');
    expect(unitNameEn('Quận', 'quan')).toBe('Quan Urban District');
  });

  it('folds the name alone when the kind is unknown', () => {
    expect(unitNameEn('Khu Công nghệ cao Hòa Lạc', 'khu')).toBe('Khu Cong nghe cao Hoa Lac');
  });
});

describe('provinceKind', () => {
  it('reads a centrally-run city from its name, anything else is a province', () => {
    expect(provinceKind('Thành phố Hà Nội')).toBe('thanh_pho');
    expect(provinceKind('Tỉnh Bắc Ninh')).toBe('tinh');
    expect(provinceKind('Hà Nội')).toBe('tinh');
  });
});

describe('kindFromName', () => {
  it('reads the kind from the start of a full name, among the kinds asked for, as a whole word', () => {
    const wards = ['phuong', 'xa', 'thi_tran'] as const;
    expect(kindFromName('Phường Ngọc Hà', wards)).toBe('phuong');
    expect(kindFromName('Xã Phú Sơn', wards)).toBe('xa');
    expect(kindFromName('Thị trấn Trâu Quỳ', wards)).toBe('thi_tran');
    expect(kindFromName('Thị xã Sơn Tây', wards)).toBeUndefined();
    expect(kindFromName('Thị xã Sơn Tây', ['thi_tran', 'thi_xa'])).toBe('thi_xa');
    expect(kindFromName('Xuân Đỉnh', wards)).toBeUndefined();
  });
});

-- A city's boundary credit is shown on its maps in both languages (it was Indonesian only, and
-- an English reader saw "Batas: … (dikoreksi)"). Only the two texts the project wrote are changed;
-- a deployer's own credit stays as it is.
UPDATE cities SET attribution = 'Batas / Boundaries: BPS 2013 (dikoreksi / corrected), SIGAP'
WHERE attribution = 'Batas: BPS 2013 (dikoreksi) / SIGAP';
UPDATE cities SET attribution = 'Batas / Boundaries: BPS 2020 (OCHA/HDX COD-AB, CC BY-IGO)'
WHERE attribution = 'Batas: BPS 2020 (OCHA/HDX COD-AB, CC BY-IGO)';
